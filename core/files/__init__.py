"""Files: the network-file format and its checks, the TOML line finder, the trace JSON contract."""
