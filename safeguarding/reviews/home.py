"""Home-page items: slipping reviews, for the business unit and panel chairs."""
