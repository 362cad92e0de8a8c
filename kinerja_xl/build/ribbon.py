"""The "Laporan Kinerja" ribbon tab: its buttons as data, and the customUI part.

`BUTTONS` is the one list of the tab's buttons.  The customUI XML is generated from
it, and a test checks that `kinerja_xl/vba/KinerjaRibbon.bas` has, for each button,
the `Sub` named here calling the Python function named here.

The 2006 customUI part (`customUI/customUI.xml`) is used rather than the 2009 one
(`customUI14.xml`): openpyxl keeps the former on save and drops the latter.
"""
from __future__ import annotations

from typing import NamedTuple

from lxml import etree

from .. import layout as L

CUSTOMUI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOMUI_PART = "customUI/customUI.xml"
CUSTOMUI_RELTYPE = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
CUSTOMUI_CONTENT_TYPE = "application/xml"

# Written out rather than by lxml, whose declaration uses single quotes: this is the
# form Excel itself writes.
XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

TAB_ID = "tabLaporanKinerja"
TAB_LABEL = "Laporan Kinerja"
# The Python module every button calls into (kinerja_xl/ribbon.py).
PYTHON_MODULE = "kinerja_xl.ribbon"


class Button(NamedTuple):
    id: str
    label: str
    sub_name: str          # VBA: Public Sub <sub_name>(control As IRibbonControl)
    python_function: str   # kinerja_xl.ribbon.<python_function>
    image_mso: str


# Grouped as they appear on the tab: the SOP's data steps, the reports, the tools.
BUTTONS: list[Button] = [
    Button("btnValidasi", "Validasi", "KinerjaValidasi", "validasi", "DataValidation"),
    Button("btnKonsolidasi", "Konsolidasi", "KinerjaKonsolidasi", "konsolidasi",
           "PivotTableInsert"),
    Button("btnRekapTriwulan", "Rekap Triwulan", "KinerjaRekapTriwulan", "rekap_triwulan",
           "CalendarInsert"),
    Button("btnRekapTahunan", "Rekap Tahunan", "KinerjaRekapTahunan", "rekap_tahunan",
           "ChartInsert"),
    Button("btnEksporPdf", "Ekspor PDF", "KinerjaEksporPdf", "ekspor_pdf",
           "FileSaveAsPdfOrXps"),
    Button("btnDrafDokumen", "Draf Dokumen", "KinerjaDrafDokumen", "draf_dokumen",
           "FileSaveAsWordDocx"),
    Button("btnStatusSop", L.STATUS_SOP, "KinerjaStatusSop", "status_sop",
           "ReviewTrackChanges"),
    Button("btnKumpulkanBahan", "Kumpulkan Bahan", "KinerjaKumpulkanBahan",
           "kumpulkan_bahan", "FileOpen"),
]

GROUPS: list[tuple[str, str, tuple[str, ...]]] = [
    ("grpData", "Data", ("btnKumpulkanBahan", "btnValidasi", "btnKonsolidasi")),
    ("grpLaporan", "Laporan", ("btnRekapTriwulan", "btnRekapTahunan", "btnEksporPdf",
                               "btnDrafDokumen")),
    ("grpSop", "SOP", ("btnStatusSop",)),
]

SCREENTIPS = {
    "btnValidasi": "Periksa data triwulan aktif dan tulis temuan ke lembar Temuan",
    "btnKonsolidasi": "Susun lembar 5 Laporan dan 7 Kabid dari bahan dan koreksi",
    "btnRekapTriwulan": "Susun laporan kinerja triwulan aktif (langkah 9)",
    "btnRekapTahunan": "Susun laporan kinerja tahunan (langkah 9)",
    "btnEksporPdf": "Ekspor laporan rekap ke PDF",
    "btnDrafDokumen": "Tulis draf dokumen Word laporan triwulan aktif (atau LKjIP bila "
                      "lembar 9 Rekap Tahunan aktif) di folder buku kerja",
    "btnStatusSop": "Perbarui lembar Status SOP untuk triwulan aktif",
    "btnKumpulkanBahan": "Pilih folder berisi salinan lembar bahan yang dikembalikan staf",
}


def customui_xml() -> bytes:
    """The customUI part: one tab, each button's onAction naming its VBA Sub."""
    by_id = {b.id: b for b in BUTTONS}
    if sorted(i for _, _, ids in GROUPS for i in ids) != sorted(by_id):
        raise ValueError("setiap tombol harus berada di tepat satu grup")

    def q(tag: str) -> str:
        return f"{{{CUSTOMUI_NS}}}{tag}"

    root = etree.Element(q("customUI"), nsmap={None: CUSTOMUI_NS})
    tabs = etree.SubElement(etree.SubElement(root, q("ribbon")), q("tabs"))
    tab = etree.SubElement(tabs, q("tab"), id=TAB_ID, label=TAB_LABEL)
    for group_id, group_label, ids in GROUPS:
        group = etree.SubElement(tab, q("group"), id=group_id, label=group_label)
        for button_id in ids:
            b = by_id[button_id]
            etree.SubElement(group, q("button"), id=b.id, label=b.label, size="large",
                             imageMso=b.image_mso, screentip=SCREENTIPS[b.id],
                             onAction=b.sub_name)
    return XML_DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)
