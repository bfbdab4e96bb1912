"""Foreign formats in and out: published data sets, interchange standards."""
