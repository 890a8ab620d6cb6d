"""The resource directory: programs and services imported from CSV, searched by need and place, and the
referrals specialists give from it."""

from helpline.directory.importer import DirectoryImportReport, ensure_sample_directory, import_csv
from helpline.directory.needs import NEEDS
from helpline.directory.referrals import give_referral, referral_counts, referral_text
from helpline.directory.search import ResourceMatch, search

__all__ = ["NEEDS", "DirectoryImportReport", "ResourceMatch", "ensure_sample_directory", "give_referral",
           "import_csv", "referral_counts", "referral_text", "search"]
