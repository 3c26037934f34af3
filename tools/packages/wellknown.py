"""Package lists the generator covers besides what the examples install.

No ranked "most installed" list was reachable from the machine the data was
generated on (hugovk's top-pypi-packages JSON and npm download ranks were
not), so these lists are written by hand: widely installed packages of each
ecosystem, as remembered from those rankings, not measured. Each list holds
more than 200 names so that the registry data covers at least 200.
"""

PYPI = """
boto3 botocore urllib3 requests setuptools certifi charset-normalizer idna
typing-extensions python-dateutil s3transfer packaging six aiobotocore numpy
pyyaml s3fs fsspec pip cryptography grpcio-status cffi pycparser google-api-core
pandas attrs pydantic protobuf importlib-metadata zipp rsa pyasn1 jmespath
click wheel platformdirs markupsafe jinja2 pytz colorama awscli filelock
pydantic-core virtualenv pyjwt googleapis-common-protos tomli wrapt cachetools
pluggy annotated-types pytest pyasn1-modules pyarrow jsonschema aiohttp
multidict yarl frozenlist aiosignal sqlalchemy psutil exceptiongroup
iniconfig tzdata requests-oauthlib oauthlib docutils greenlet soupsieve
beautifulsoup4 scipy pygments tqdm pyparsing h11 anyio sniffio httpx httpcore
werkzeug openpyxl et-xmlfile google-auth decorator grpcio isodate lxml
pyopenssl rich markdown-it-py mdurl tomlkit more-itertools async-timeout
pillow msgpack distlib deprecated flask itsdangerous blinker coverage
jsonschema-specifications referencing rpds-py regex psycopg2-binary
google-cloud-storage google-cloud-core google-resumable-media google-crc32c
proto-plus azure-core azure-storage-blob msal portalocker gunicorn uvicorn
fastapi starlette websocket-client websockets tenacity asgiref sqlparse
django redis mypy-extensions mypy typing-inspection tabulate networkx
matplotlib kiwisolver cycler fonttools contourpy scikit-learn joblib
threadpoolctl python-dotenv ruamel-yaml ruamel-yaml-clib openai tiktoken
httplib2 uritemplate google-api-python-client google-auth-httplib2 chardet
babel alembic mako pymysql paramiko bcrypt pynacl toml black pathspec
isort flake8 pycodestyle pyflakes mccabe pylint astroid lazy-object-proxy
dill sortedcontainers xmltodict marshmallow prompt-toolkit wcwidth
pexpect ptyprocess ipython traitlets jedi parso matplotlib-inline
executing asttokens pure-eval stack-data nest-asyncio tornado pyzmq
jupyter-core jupyter-client ipykernel debugpy comm tzlocal smmap gitdb
gitpython termcolor pytest-cov pytest-mock pytest-xdist execnet
shellingham typer huggingface-hub safetensors tokenizers transformers
sentry-sdk opentelemetry-api opentelemetry-sdk opentelemetry-semantic-conventions
grpcio-tools kubernetes durationpy websocket-client docker jsonpointer
jsonpatch langchain-core langsmith orjson requests-toolbelt zstandard
pyproject-hooks build trove-classifiers hatchling editables poetry-core
identify nodeenv cfgv pre-commit aiohappyeyeballs propcache distro jiter
httptools uvloop watchfiles python-multipart email-validator dnspython
pydantic-settings starlette cachecontrol keyring jaraco-classes
jaraco-functools jaraco-context backports-tarfile secretstorage jeepney
pkginfo readme-renderer nh3 twine celery kombu vine amqp billiard
click-didyoumean click-repl click-plugins boto3-stubs botocore-stubs
types-requests types-pyyaml types-python-dateutil arrow markdown
pycryptodome pycryptodomex argcomplete humanfriendly coloredlogs
simplejson ujson retry py backoff mock responses faker freezegun
elasticsearch psycopg psycopg-binary pymongo graphql-core
""".split()

NPM = """
semver debug ms chalk supports-color has-flag ansi-styles color-convert
color-name tslib commander lodash minimatch brace-expansion
balanced-match glob inherits once wrappy readable-stream safe-buffer
string-width strip-ansi ansi-regex emoji-regex is-fullwidth-code-point
yargs yargs-parser cliui wrap-ansi y18n escalade get-caller-file
require-directory uuid fs-extra graceful-fs jsonfile universalify
react react-dom scheduler loose-envify js-tokens express body-parser
cookie cookie-signature depd encodeurl escape-html etag finalhandler
fresh http-errors merge-descriptors mime-types mime-db on-finished
parseurl proxy-addr qs range-parser router send serve-static statuses
type-is vary accepts negotiator content-type content-disposition
axios follow-redirects form-data proxy-from-env asynckit combined-stream
delayed-stream typescript @types/node undici-types rxjs zone.js
@babel/core @babel/parser @babel/types @babel/traverse @babel/generator
@babel/code-frame @babel/helper-plugin-utils @babel/runtime
@babel/preset-env @babel/template picocolors nanoid postcss
source-map-js source-map esbuild rollup vite @vitejs/plugin-react
webpack webpack-cli eslint prettier jest @jest/core ts-node
mkdirp rimraf minimist kind-of is-number fill-range to-regex-range
micromatch braces picomatch anymatch chokidar readdirp glob-parent
is-glob is-extglob normalize-path fast-glob @nodelib/fs.stat
@nodelib/fs.walk @nodelib/fs.scandir run-parallel queue-microtask
reusify fastq merge2 path-type dir-glob slash globby ignore
cross-spawn which isexe path-key shebang-command shebang-regex
signal-exit execa strip-final-newline npm-run-path human-signals
get-stream is-stream onetime mimic-fn p-limit p-locate locate-path
path-exists find-up yocto-queue json5 dotenv cors morgan helmet
body-parser jsonwebtoken bcrypt bcryptjs mongoose mongodb pg mysql2
redis ioredis ws socket.io socket.io-client node-fetch whatwg-url
tr46 webidl-conversions cheerio dayjs moment date-fns classnames
prop-types react-is object-assign clsx tailwindcss autoprefixer
browserslist caniuse-lite electron-to-chromium node-releases
update-browserslist-db sass less styled-components @emotion/react
next vue nuxt @angular/core svelte jquery bootstrap three d3
zod yup joi ajv fast-deep-equal json-schema-traverse uri-js punycode
fast-json-stable-stringify inquirer ora cli-spinners log-symbols
nodemon concurrently cross-env husky lint-staged eslint-config-prettier
@typescript-eslint/parser @typescript-eslint/eslint-plugin
eslint-plugin-react eslint-plugin-import mocha chai sinon supertest
vitest @testing-library/react @testing-library/jest-dom
ts-jest babel-jest webpack-dev-server html-webpack-plugin
css-loader style-loader babel-loader terser uglify-js
core-js regenerator-runtime @swc/core @swc/helpers immer redux
react-redux @reduxjs/toolkit react-router react-router-dom
lru-cache yallist iconv-lite safer-buffer string_decoder util-deprecate
buffer base64-js ieee754 events punycode qs side-channel
object-inspect call-bind get-intrinsic function-bind hasown es-errors
gopd has-symbols es-define-property dunder-proto math-intrinsics
get-proto call-bound es-object-atoms mime ws http-proxy-agent
https-proxy-agent agent-base socks socks-proxy-agent ip-address
pino winston bunyan compression cookie-parser express-session
multer busboy passport nodemailer sharp prisma @prisma/client
sequelize typeorm knex sqlite3 better-sqlite3 graphql apollo-server
@apollo/client lodash-es ramda async bluebird q
""".split()

# Debian packages that lessons, examples and common Dockerfiles install.
DEBIAN = """
curl wget ca-certificates git build-essential gcc g++ make cmake python3
python3-pip python3-venv python3-dev python-is-python3 unzip zip xz-utils
bzip2 gnupg dirmngr lsb-release apt-transport-https sudo locales tzdata
vim nano less procps iproute2 iputils-ping net-tools dnsutils
netcat-openbsd openssh-client openssl jq file rsync tini dumb-init gosu
libpq-dev libssl-dev libffi-dev zlib1g-dev libxml2-dev libxslt1-dev
libjpeg-dev libpng-dev pkg-config postgresql-client
default-libmysqlclient-dev default-mysql-client sqlite3 nodejs npm
default-jre-headless default-jdk-headless openjdk-17-jre-headless nginx
supervisor cron gettext-base htop strace telnet traceroute tcpdump
libgl1 libglib2.0-0 fontconfig imagemagick ffmpeg redis-tools
software-properties-common libcurl4-openssl-dev autoconf automake libtool
maven openjdk-17-jdk-headless
""".split()
