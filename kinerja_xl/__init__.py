"""kinerja_xl: the SOP Pengumpulan Data Kinerja, from a macro-enabled workbook."""
__version__ = "0.1.0"
