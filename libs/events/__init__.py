"""Event backbone shared by every service: contracts, envelope, store, relay, consumers, replay."""
