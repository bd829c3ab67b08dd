using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Workspaces;
using ContactBox.Domain.Attachments;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Attachments;

/// <summary>A signed download URL and when it stops working.</summary>
public sealed record AttachmentDownload(string Url, DateTimeOffset ExpiresAt);

/// <summary>The outcome of <see cref="AttachmentUrls.Check"/>: the answer to give instead (or null), who asks, and whether by a signed URL.</summary>
public sealed record DownloadCheck(IResult? Refusal, string? Requester, bool Signed);

/// <summary>What a valid download URL grants: one attachment, in one workspace, for one requester, until a time.</summary>
public sealed record DownloadGrant(Guid AttachmentId, Guid WorkspaceId, string Requester, DateTimeOffset ExpiresAt);

/// <summary>
/// Short-lived download URLs: <c>/attachments/{id}/content?token=…</c>, where the token is the attachment, the
/// workspace, a hash of the requester's subject and the expiry, signed with HMAC-SHA256. Nothing is stored; a
/// URL cannot be widened to another attachment or workspace, or outlive its expiry.
/// </summary>
public sealed class AttachmentUrls
{
    public const string ContentRoute = "/attachments/{id}/content";
    private const int PayloadLength = 16 + 16 + 16 + 8;
    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;

    public AttachmentUrls(IOptions<AttachmentOptions> options, ContactBoxPaths paths, TimeProvider clock)
    {
        _clock = clock;
        _lifetime = options.Value.DownloadUrlLifetime;
        _key = options.Value.UrlSigningKey is { Length: > 0 } configured ? Convert.FromBase64String(configured) : LocalKey(paths.DataPath);
        if (_key.Length < 32)
        {
            throw new InvalidOperationException($"{AttachmentOptions.Section}:UrlSigningKey must be at least 32 bytes (base64).");
        }
    }

    public static string ContentPath(Guid attachmentId) => $"/attachments/{GlobalId.Format("Attachment", attachmentId)}/content";

    /// <summary>A URL for the caller of this request, relative to the API's address.</summary>
    public AttachmentDownload Create(IResolveFieldContext context, Attachment attachment)
    {
        var (url, expiresAt) = SignedUrl(context, attachment.Id, ContentPath(attachment.Id));
        return new AttachmentDownload(url, expiresAt);
    }

    /// <summary>
    /// <paramref name="path"/> (the download endpoint of the object <paramref name="objectId"/>) with a token for the
    /// caller of this request, in its workspace, until the configured lifetime ends. Exports use it too.
    /// </summary>
    public (string Url, DateTimeOffset ExpiresAt) SignedUrl(IResolveFieldContext context, Guid objectId, string path)
    {
        var requester = context.User?.GetClaim(OpenIddictConstants.Claims.Subject) ?? string.Empty;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds((_clock.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        var token = Sign(objectId, context.RequestServices!.GetRequiredService<CurrentWorkspace>().Id, requester, expiresAt);
        return ($"{path}?token={token}", expiresAt);
    }

    public string Sign(Guid attachmentId, Guid workspaceId, string requester, DateTimeOffset expiresAt)
    {
        var payload = new byte[PayloadLength];
        attachmentId.TryWriteBytes(payload.AsSpan(0, 16));
        workspaceId.TryWriteBytes(payload.AsSpan(16, 16));
        RequesterHash(requester).CopyTo(payload.AsSpan(32, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(48, 8), expiresAt.ToUnixTimeSeconds());
        return WebEncoders.Base64UrlEncode([.. payload, .. HMACSHA256.HashData(_key, payload)]);
    }

    /// <summary>The grant of a token for this attachment, or null when it is forged, altered, for another attachment or expired.</summary>
    public DownloadGrant? Validate(string token, Guid attachmentId)
    {
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length != PayloadLength + 32)
        {
            return null;
        }

        var payload = bytes.AsSpan(0, PayloadLength);
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), bytes.AsSpan(PayloadLength)))
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload[48..]));
        var id = new Guid(payload[..16]);
        return id != attachmentId || expiresAt < _clock.GetUtcNow()
            ? null
            : new DownloadGrant(id, new Guid(payload[16..32]), Convert.ToHexString(payload[32..48]), expiresAt);
    }

    /// <summary>
    /// The access check every download endpoint shares, for the object <paramref name="objectId"/>: a signed URL's
    /// token must be valid for it and, when the request also carries a bearer token, for that caller's workspace and
    /// subject; it then sets the workspace. Without a token the request needs a bearer token. The check's
    /// <see cref="DownloadCheck.Refusal"/> is the answer to give (<paramref name="notFound"/>, or 401), or null to go on.
    /// </summary>
    public DownloadCheck Check(HttpContext context, string? token, Guid objectId, CurrentWorkspace workspace, IResult notFound)
    {
        var requester = context.User.GetClaim(OpenIddictConstants.Claims.Subject);
        if (token is not null)
        {
            if (Validate(token, objectId) is not { } grant
                || (workspace.IsSet && workspace.Id != grant.WorkspaceId)
                || (requester is not null && !SameRequester(grant, requester)))
            {
                return new DownloadCheck(notFound, null, true);
            }

            if (!workspace.IsSet)
            {
                workspace.Set(grant.WorkspaceId, null);
            }

            return new DownloadCheck(null, requester ?? grant.Requester, true);
        }

        if (!workspace.IsSet)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return new DownloadCheck(Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Send a bearer token or use a signed download URL."), null, false);
        }

        return new DownloadCheck(null, requester, false);
    }

    public static bool SameRequester(DownloadGrant grant, string requester) =>
        string.Equals(grant.Requester, Convert.ToHexString(RequesterHash(requester)), StringComparison.Ordinal);

    private static byte[] RequesterHash(string requester) => SHA256.HashData(Encoding.UTF8.GetBytes(requester))[..16];

    private static byte[] LocalKey(string dataPath)
    {
        var path = Path.Combine(dataPath, "attachment-url.key");
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        Directory.CreateDirectory(dataPath);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another instance on the same data folder made it first.
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
    }
}
