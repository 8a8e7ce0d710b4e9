"""Open data and structured data: ClaimReview and its lint, JSON, CSV and the feeds."""
