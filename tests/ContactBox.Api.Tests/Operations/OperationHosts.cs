using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Persistence;

namespace ContactBox.Api.Tests.Operations;

/// <summary>
/// Settings that make small test files and selections run as background operations: exports of more than 3 contacts,
/// imports over 2,000 bytes; progress every 100 ms; download URLs that live 5 seconds (the expiry test waits for it).
/// </summary>
internal static class OperationSettings
{
    public static readonly IReadOnlyDictionary<string, string> Values = new Dictionary<string, string>
    {
        ["ContactBox:Operations:ExportInlineMaxContacts"] = "3",
        ["ContactBox:Operations:ImportInlineMaxBytes"] = "2000",
        ["ContactBox:Operations:ProgressInterval"] = "00:00:00.100",
        ["ContactBox:Attachments:DownloadUrlLifetime"] = "00:00:05",
    };
}

public sealed class SqliteOperationsApi : SqliteApi
{
    protected override IReadOnlyDictionary<string, string> Settings => OperationSettings.Values;
}

public sealed class PostgresOperationsApi : PostgresApi
{
    protected override IReadOnlyDictionary<string, string> Settings => OperationSettings.Values;
}
