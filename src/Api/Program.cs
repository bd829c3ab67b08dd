using ContactBox.Api.Attachments;
using ContactBox.Api.Hosting;
using ContactBox.Api.Workspaces;

var builder = WebApplication.CreateBuilder(args);
builder.AddContactBoxApi();

var app = builder.Build();
if (SchemaExport.IsExportCommand(args))
{
    return await SchemaExport.RunAsync(app, args);
}

if (AttachmentsCommand.IsCommand(args))
{
    return await AttachmentsCommand.RunAsync(app, args);
}

if (WorkspaceCommand.IsCommand(args))
{
    return await WorkspaceCommand.RunAsync(app, args);
}

await app.InitializeContactBoxAsync();
app.MapContactBox();
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host the API with WebApplicationFactory.</summary>
public partial class Program;
