//! Entry point of the browser app: installs the panic screen, then mounts
//! the root component on `<body>`.

fn main() {
    layerlab_app::panic::install();
    yew::Renderer::<layerlab_app::App>::new().render();
}
