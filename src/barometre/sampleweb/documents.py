"""Small, valid, deterministic documents: PDF forms (flat or fillable) and Word files."""

from __future__ import annotations

import io
import zipfile


def _pdf_text(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_form(title: str, lines: list[str], fields: list[str] | None = None) -> bytes:
    """A one-page PDF; with `fields`, an AcroForm with one text field per name (fillable)."""
    fields = fields or []
    ops = [b"BT /F1 16 Tf 50 790 Td " + _pdf_text(title) + b" Tj ET"]
    y = 750
    for line in lines:
        ops.append(b"BT /F1 10 Tf 50 %d Td " % y + _pdf_text(line) + b" Tj ET")
        y -= 16
    for name in fields:
        ops.append(b"BT /F1 10 Tf 50 %d Td " % y + _pdf_text(name + " :") + b" Tj ET")
        y -= 28
    content = b"\n".join(ops)
    field_ids = [7 + i for i in range(len(fields))]
    objects: list[bytes] = []
    catalog = b"<< /Type /Catalog /Pages 2 0 R"
    if fields:
        refs = b" ".join(b"%d 0 R" % i for i in field_ids)
        catalog += (b" /AcroForm << /Fields [" + refs + b"] /NeedAppearances true"
                    b" /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >>")
    objects.append(catalog + b" >>")
    objects.append(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
            b" /Resources << /Font << /F1 5 0 R >> >>")
    if fields:
        page += b" /Annots [" + b" ".join(b"%d 0 R" % i for i in field_ids) + b"]"
    objects.append(page + b" >>")
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
                   b" /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Title " + _pdf_text(title) + b" /Producer (barometre.sampleweb) >>")
    y = 750 - 16 * len(lines)
    for name in fields:
        key = "".join(c if c.isalnum() else "_" for c in name.lower())
        objects.append(b"<< /Type /Annot /Subtype /Widget /FT /Tx /T " + _pdf_text(key)
                       + b" /TU " + _pdf_text(name)
                       + b" /Rect [200 %d 540 %d] /P 3 0 R /F 4 /DA (/Helv 10 Tf 0 g) >>"
                       % (y - 6, y + 12))
        y -= 28
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx_form(title: str, lines: list[str]) -> bytes:
    """A minimal but valid .docx (zip with fixed timestamps, so byte-identical across runs)."""
    from xml.sax.saxutils import escape

    paras = "".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in [title, *lines])
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{paras}</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (("[Content_Types].xml", _DOCX_TYPES), ("_rels/.rels", _DOCX_RELS),
                           ("word/document.xml", doc)):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return out.getvalue()


def doc_form(title: str, lines: list[str]) -> bytes:
    """An old-style .doc lookalike: OLE2 signature followed by the text (enough for sniffing)."""
    header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    text = "\r".join([title, *lines]).encode("cp1252", errors="replace")
    return header + text
