# syntax=docker/dockerfile:1
ARG RUST_VERSION=1.85

# Build stage: compile a release binary.
FROM rust:${RUST_VERSION}-slim AS build
WORKDIR /src
COPY . .
RUN cargo build --release \
    && strip target/release/hello

# Runtime stage: only the binary, on a small base.
FROM debian:bookworm-slim AS runtime
COPY --from=build /src/target/release/hello /usr/local/bin/hello
USER 1000
ENTRYPOINT ["hello"]
