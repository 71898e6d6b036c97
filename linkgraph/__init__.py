"""linkgraph's composition root: settings, the Starlette app and the CLI."""
