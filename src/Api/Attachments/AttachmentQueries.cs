using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Tenancy;
using GraphQL.Types;

namespace ContactBox.Api.Attachments;

public static class AttachmentQueries
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<StorageUsageType>>("storage")
            .Description("The workspace's attachment storage: used, quota and count, as of now.")
            .RequireScopes(AuthScopes.ContactsRead)
            .ResolveAsync(async c =>
            {
                var services = c.RequestServices!;
                return await services.GetRequiredService<AttachmentStorage>().UsageAsync(services.GetRequiredService<CurrentWorkspace>().Id, c.CancellationToken);
            });
    }
}
