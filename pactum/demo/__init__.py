"""The demo company, Northwind Ledger Inc.: a generated ERP/CRM/web database and its inventory."""
