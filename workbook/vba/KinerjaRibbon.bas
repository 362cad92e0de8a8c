Attribute VB_Name = "KinerjaRibbon"
' Tab "Laporan Kinerja": one Sub per ribbon button (see kinerja_xl/build/ribbon.py).
'
' Each Sub only calls Python through xlwings' RunPython; the work, and every file the
' work touches, is on the Python side (kinerja_xl/ribbon.py).  The only thing collected
' here is what the user picks: the folder for Kumpulkan Bahan.
Option Explicit

Public Sub KinerjaValidasi(control As IRibbonControl)
    RunPython "import kinerja_xl.ribbon as r; r.validasi()"
End Sub

Public Sub KinerjaKonsolidasi(control As IRibbonControl)
    RunPython "import kinerja_xl.ribbon as r; r.konsolidasi()"
End Sub

Public Sub KinerjaRekapTriwulan(control As IRibbonControl)
    RunPython "import kinerja_xl.ribbon as r; r.rekap_triwulan()"
End Sub

Public Sub KinerjaRekapTahunan(control As IRibbonControl)
    RunPython "import kinerja_xl.ribbon as r; r.rekap_tahunan()"
End Sub

Public Sub KinerjaEksporPdf(control As IRibbonControl)
    RunPython "import kinerja_xl.ribbon as r; r.ekspor_pdf()"
End Sub

Public Sub KinerjaDrafDokumen(control As IRibbonControl)
    RunPython "import kinerja_xl.ribbon as r; r.draf_dokumen()"
End Sub

Public Sub KinerjaStatusSop(control As IRibbonControl)
    RunPython "import kinerja_xl.ribbon as r; r.status_sop()"
End Sub

Public Sub KinerjaKumpulkanBahan(control As IRibbonControl)
    Dim folder As String
    With Application.FileDialog(msoFileDialogFolderPicker)
        .Title = "Pilih folder berisi salinan lembar bahan"
        .AllowMultiSelect = False
        If .Show <> -1 Then Exit Sub
        folder = .SelectedItems(1)
    End With
    RunPython "import kinerja_xl.ribbon as r; r.kumpulkan_bahan(folder=" & PyLiteral(folder) & ")"
End Sub

' A Python string literal for Text that is safe on the whole way to Python: xlwings
' hands the command to "cmd.exe /C python -c ""...""", where a double quote would end
' the argument and %NAME% would be expanded.  So only letters, digits and a few
' harmless signs are written as they are; a backslash is doubled and every other
' character becomes a \uXXXX escape, which Python turns back into that character.
Private Function PyLiteral(ByVal Text As String) As String
    Dim i As Long, ch As String, code As Long, out As String
    For i = 1 To Len(Text)
        ch = Mid$(Text, i, 1)
        code = AscW(ch) And &HFFFF&
        If ch = "\" Then
            out = out & "\\"
        ElseIf (ch >= "A" And ch <= "Z") Or (ch >= "a" And ch <= "z") Or (ch >= "0" And ch <= "9") _
            Or InStr(1, " .,:_-()[]+=#~@{}$;", ch, vbBinaryCompare) > 0 Then
            out = out & ch
        Else
            out = out & "\u" & Right$("000" & Hex$(code), 4)
        End If
    Next i
    PyLiteral = "'" & out & "'"
End Function
