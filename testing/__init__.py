"""Support for tests and benchmarks: fakes of the outside world the bot talks to."""
