"""Evaluation harness: question-set loader, metrics, runner and reports (Contract 2 of ARCHITECTURE.md)."""
