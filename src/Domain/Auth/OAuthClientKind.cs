using System.ComponentModel;

namespace ContactBox.Domain.Auth;

public enum OAuthClientKind
{
    /// <summary>Keeps a secret: a server-side integration (client credentials).</summary>
    [Description("Keeps a secret: a server-side integration.")]
    Confidential,

    /// <summary>Cannot keep a secret: a browser or native app (authorization code with PKCE).</summary>
    [Description("Cannot keep a secret: a browser or native app (authorization code with PKCE).")]
    Public,
}
