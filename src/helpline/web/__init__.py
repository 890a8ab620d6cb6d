"""The web service: the contract's HTTP API today; the library site and live chat are being built on it."""
