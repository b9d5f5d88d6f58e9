"""Sample data for tests, benches and the preview: never imported by the product."""
