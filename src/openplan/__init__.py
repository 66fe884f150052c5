"""OpenPlan: co-create, deliver and account for open-government action plans in public."""

__version__ = "0.1.0"
