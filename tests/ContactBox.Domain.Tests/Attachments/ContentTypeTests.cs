using System.Text;
using ContactBox.Domain.Attachments;

namespace ContactBox.Domain.Tests.Attachments;

public sealed class ContentTypeTests
{
    [Theory]
    [InlineData("%PDF-1.4 rest", "x.txt", "application/pdf")]
    [InlineData("GIF89a....", "x.pdf", "image/gif")]
    [InlineData("PK\u0003\u0004 anything", "Bericht.docx", ContentTypes.Docx)]
    [InlineData("PK\u0003\u0004 anything", "Tabelle.XLSX", ContentTypes.Xlsx)]
    [InlineData("PK\u0003\u0004 anything", "archiv.pdf", "application/zip")]
    [InlineData("Name;E-Mail\nAnna;anna@example.de", "liste.csv", "text/csv")]
    [InlineData("Grüße aus München", "notiz", "text/plain")]
    [InlineData("  <!DOCTYPE html><p>", "a.txt", "text/html")]
    [InlineData("<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\">", "logo.png", "image/svg+xml")]
    [InlineData("MZ\u0090\u0000\u0003", "setup.pdf", "application/octet-stream")]
    public void The_type_comes_from_the_bytes_and_the_name_only_tells_zip_formats_apart(string head, string fileName, string expected) =>
        Assert.Equal(expected, ContentTypes.Detect(Encoding.UTF8.GetBytes(head), fileName));

    [Fact]
    public void An_open_document_names_its_type_in_its_first_entry()
    {
        var head = new byte[30].Concat(Encoding.ASCII.GetBytes("mimetypeapplication/vnd.oasis.opendocument.textPK")).ToArray();
        "PK\u0003\u0004"u8.CopyTo(head);

        Assert.Equal("application/vnd.oasis.opendocument.text", ContentTypes.Detect(head, "brief.zip"));
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\a\\Desktop\\Brief.docx", "Brief.docx")]
    [InlineData("a\u0000b\u0007c.txt", "abc.txt")]
    [InlineData("   ", "file")]
    [InlineData("...", "file")]
    [InlineData("rechnung\u202Efdp.exe", "rechnungfdp.exe")]
    [InlineData("a<b>c:d|e?.txt", "a_b_c_d_e_.txt")]
    public void File_names_lose_paths_control_characters_and_reserved_characters(string name, string expected) =>
        Assert.Equal(expected, FileNames.Sanitize(name));

    [Fact]
    public void A_long_name_is_cut_to_255_characters_keeping_its_extension_and_whole_characters()
    {
        var name = new string('a', 249) + "😀😀😀.pdf";

        var cleaned = FileNames.Sanitize(name);

        Assert.Equal(new string('a', 249) + "😀.pdf", cleaned);
    }
}
