using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace ContactBox.Api.Explorer;

/// <summary>
/// Serves the Banana Cake Pop GraphQL IDE from the npm package in <c>Explorer/node_modules</c>
/// (installed by <c>npm ci --prefix src/Api/Explorer</c>, or by the build when npm exists), so the
/// explorer works without reaching any CDN. The page itself lives at the GraphQL path: the GraphQL
/// GET handler calls <see cref="WriteExplorerPageAsync"/> when <see cref="IsBrowserRequest"/> is true.
/// </summary>
public static class ExplorerEndpoints
{
    /// <summary>Configuration key for the folder holding the IDE's <c>index.html</c>; relative paths start at the content root.</summary>
    public const string PathKey = "ContactBox:Explorer:Path";

    public const string InstallCommand = "npm ci --prefix src/Api/Explorer";

    private const string PackageFolder = "Explorer/node_modules/@chillicream/bananacakepop-graphql-ide";

    // Keys the IDE reads from bcp-config.json. Telemetry is off: the IDE would otherwise post to
    // ChilliCream's servers from every browser that opens it.
    private static readonly string ConfigJson = JsonSerializer.Serialize(new
    {
        useBrowserUrlAsEndpoint = true,
        title = "ContactBox",
        useGet = false,
        includeCookies = false,
        disableTelemetry = true,
    });

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private static readonly HashSet<string> TopLevelExtensions = [".ico", ".svg", ".png", ".webmanifest", ".txt", ".js"];

    public static IEndpointRouteBuilder MapContactBoxExplorer(this IEndpointRouteBuilder app, string graphQLPath = "/graphql")
    {
        var basePath = graphQLPath.TrimEnd('/');

        // The IDE's files are public; the data stays behind the GraphQL endpoint's own rules.
        app.MapGet($"{basePath}/bcp-config.json", (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Text(ConfigJson, "application/json");
        }).AllowAnonymous();

        app.MapMethods(
                $"{basePath}/{{**asset}}",
                [HttpMethods.Get, HttpMethods.Head],
                (HttpContext context, string? asset) => ServeAssetAsync(context, asset))
            .AllowAnonymous();

        return app;
    }

    /// <summary>A person opening the GraphQL URL in a browser, rather than a client sending a query over GET.</summary>
    public static bool IsBrowserRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) &&
        request.Headers.Accept.Any(value => value?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true) &&
        !request.Query.ContainsKey("query") &&
        !request.Query.ContainsKey("sdl");

    /// <summary>
    /// Writes the IDE's page, with a <c>&lt;base&gt;</c> so that its relative <c>static/…</c> URLs resolve under
    /// the GraphQL path (<c>/graphql/static/…</c>) even though the page is served at <c>/graphql</c> itself.
    /// The IDE finds <c>bcp-config.json</c> and its endpoint from the page's own URL, which the base does not change.
    /// When the IDE is not installed, writes a short page that says how to install it.
    /// </summary>
    public static async Task WriteExplorerPageAsync(HttpContext context)
    {
        var request = context.Request;
        var pagePath = (request.PathBase + request.Path).ToUriComponent();
        var folder = FindFolder(context.RequestServices);
        var html = folder is null
            ? NotInstalledPage(pagePath.TrimEnd('/'))
            : WithBase(await File.ReadAllTextAsync(Path.Combine(folder, "index.html"), context.RequestAborted), pagePath);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        // The same URL answers GraphQL clients with JSON.
        response.Headers.Vary = HeaderNames.Accept;
        await response.WriteAsync(html, context.RequestAborted);
    }

    private static async Task ServeAssetAsync(HttpContext context, string? asset)
    {
        if (string.IsNullOrEmpty(asset))
        {
            // "/graphql/" in the address bar: the page works there too.
            if (IsBrowserRequest(context.Request))
            {
                await WriteExplorerPageAsync(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var file = FindAsset(FindFolder(context.RequestServices), asset);
        if (file is null || !ContentTypes.TryGetContentType(file.Name, out var contentType))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        // Files under static/ carry a content hash in their names, so they never change.
        context.Response.Headers.CacheControl = asset.StartsWith("static/", StringComparison.Ordinal)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
        var entityTag = new EntityTagHeaderValue(
            $"\"{file.Length.ToString("x", CultureInfo.InvariantCulture)}-{file.LastWriteTimeUtc.Ticks.ToString("x", CultureInfo.InvariantCulture)}\"");
        await TypedResults.PhysicalFile(file.FullName, contentType, lastModified: file.LastWriteTimeUtc, entityTag: entityTag)
            .ExecuteAsync(context);
    }

    private static FileInfo? FindAsset(string? folder, string asset)
    {
        if (folder is null)
        {
            return null;
        }

        // The browser needs static/ and the icons, manifest and service worker beside index.html; the npm
        // package's own files (package.json, README.md, index.mjs) are not for it. index.html only works
        // through WriteExplorerPageAsync, which gives it its base.
        var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
        var file = new FileInfo(Path.GetFullPath(Path.Combine(root, asset)));
        if (!file.FullName.StartsWith(root, StringComparison.Ordinal) || !file.Exists)
        {
            return null;
        }

        var relative = Path.GetRelativePath(root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
        var isPageFile = relative.StartsWith("static/", StringComparison.Ordinal) ||
            (!relative.Contains('/', StringComparison.Ordinal) && TopLevelExtensions.Contains(Path.GetExtension(relative)));
        return isPageFile ? file : null;
    }

    private static string? FindFolder(IServiceProvider services)
    {
        var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        var configured = services.GetRequiredService<IConfiguration>()[PathKey];
        string[] candidates = string.IsNullOrWhiteSpace(configured)
            ? [Path.Combine(contentRoot, PackageFolder), Path.Combine(AppContext.BaseDirectory, PackageFolder)]
            : [Path.GetFullPath(configured, contentRoot)];
        return candidates.FirstOrDefault(folder => File.Exists(Path.Combine(folder, "index.html")));
    }

    private static string WithBase(string indexHtml, string pagePath)
    {
        var baseTag = $"<base href=\"{HtmlEncoder.Default.Encode(pagePath.TrimEnd('/') + "/")}\">";
        var head = indexHtml.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        return head < 0 ? baseTag + indexHtml : indexHtml.Insert(head + "<head>".Length, baseTag);
    }

    private static string NotInstalledPage(string graphQLPath)
    {
        var path = HtmlEncoder.Default.Encode(graphQLPath);
        return $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="data:,">
            <title>GraphQL explorer not installed – ContactBox</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; background: #fff; }
            code, pre { font-family: ui-monospace, monospace; background: #f0f0f0; padding: 0.1rem 0.3rem; }
            pre { padding: 0.75rem; overflow-x: auto; }
            </style>
            </head>
            <body>
            <main>
            <h1>The GraphQL explorer is not installed</h1>
            <p>This server has no copy of the Banana Cake Pop explorer, which comes from npm.
            To install it, run this in the repository's root folder and restart the API:</p>
            <pre><code>{{InstallCommand}}</code></pre>
            <p>Building the API installs it too when npm is available.
            The folder can also be set with the <code>{{PathKey}}</code> setting.</p>
            <p>The GraphQL API works without the explorer: send queries to <code>POST {{path}}</code>
            with a JSON body such as <code>{"query": "{ __typename }"}</code>.</p>
            </main>
            </body>
            </html>
            """;
    }
}
