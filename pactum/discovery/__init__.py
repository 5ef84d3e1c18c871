"""Discovery: sampling the columns of a SQL database and classifying them into a draft inventory."""
