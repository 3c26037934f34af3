//! Entry point of the browser app: mounts the root component on `<body>`.

fn main() {
    yew::Renderer::<layerlab_app::App>::new().render();
}
