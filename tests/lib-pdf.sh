# lib-pdf.sh -- write small PDFs by hand in a shell test; source it after
# lib.sh.
#
# mini_pdf FILE OBJECT... writes FILE as a PDF 1.4 whose objects 1, 2, ...
# are the OBJECTs (their bodies, without "N 0 obj"/"endobj"), with a
# correct cross-reference table and a trailer whose /Root is object 1.
# Byte offsets are measured on the file as it grows, so the xref is exact
# and a reader fails, if it does, on what the test meant to break.

mini_pdf() {
    _f=$1; shift
    printf '%%PDF-1.4\n' >"$_f"
    _n=0; _offs=""
    for _obj in "$@"; do
        _n=$((_n + 1))
        _offs="$_offs $(wc -c <"$_f")"
        printf '%s 0 obj\n%s\nendobj\n' "$_n" "$_obj" >>"$_f"
    done
    _xref=$(wc -c <"$_f")
    printf 'xref\n0 %s\n0000000000 65535 f \n' "$((_n + 1))" >>"$_f"
    for _o in $_offs; do printf '%010d 00000 n \n' "$_o" >>"$_f"; done
    printf 'trailer\n<< /Size %s /Root 1 0 R >>\nstartxref\n%s\n%%%%EOF\n' \
        "$((_n + 1))" "$_xref" >>"$_f"
}

# mini_text_pdf FILE TEXT: a one-page PDF showing TEXT (ASCII) in Helvetica.
mini_text_pdf() {
    _s="BT /F1 12 Tf 72 720 Td ($2) Tj ET"
    mini_pdf "$1" '<< /Type /Catalog /Pages 2 0 R >>' \
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>' \
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>' \
        "<< /Length ${#_s} >>
stream
$_s
endstream" \
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
}
