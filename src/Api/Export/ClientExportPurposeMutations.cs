using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Export;
using ContactBox.Domain.Members;
using ContactBox.Domain.Privacy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Export;

/// <summary>The purposes an OAuth client may export for, as an admin states them.</summary>
public sealed record ClientExportPurposes(OAuthClient Client, IReadOnlyList<ProcessingPurpose> Purposes);

/// <summary>
/// <c>setClientExportPurposes</c> (scope admin, role ADMIN): the processing purposes a client's tokens may export for.
/// A third-party client exports only for these (none set: for none); a first-party client with none set for any
/// current purpose, with some set for those only.
/// </summary>
public static class ClientExportPurposeMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];
        mutation.Mutation(kit, "setClientExportPurposes", new SetClientExportPurposesInputType(), "clientExportPurposes", typeof(ClientExportPurposesType), errors, async (context, input) =>
        {
            var db = context.Db();
            var client = await db.RequireAsync<OAuthClient>(input.Id("clientId", "OAuthClient"), "clientId", context.CancellationToken);
            var purposeIds = input.Ids("purposeIds", "ProcessingPurpose").Distinct().ToList();
            await db.RequireAllAsync<ProcessingPurpose>(purposeIds, "purposeIds", context.CancellationToken);
            var purposes = await db.ProcessingPurposes.Where(p => purposeIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(context.CancellationToken);
            if (purposes.FirstOrDefault(p => p.IsArchived) is { } archived)
            {
                throw new DomainValidationException("purposeIds", $"The purpose '{archived.Name}' is archived.");
            }

            var current = await db.Set<ClientExportPurpose>().Where(p => p.ClientId == client.Id).ToListAsync(context.CancellationToken);
            db.RemoveRange(current.Where(p => !purposeIds.Contains(p.PurposeId)));
            db.AddRange(purposeIds.Where(id => !current.Exists(p => p.PurposeId == id)).Select(id => new ClientExportPurpose(client.Id, id)));
            await db.SaveChangesAsync(context.CancellationToken);
            return new ClientExportPurposes(client, purposes);
        }).Description("Sets the processing purposes an OAuth client may export for (the list replaces the previous one). A third-party client "
                       + "exports only for these, and for none while the list is empty; a first-party client with an empty list for any current purpose.")
            .RequireAdmin();
    }

    /// <summary>A client's export purposes, by name.</summary>
    public static async Task<IReadOnlyList<ProcessingPurpose>> OfAsync(IResolveFieldContext context, Guid clientId)
    {
        var db = context.Db();
        return await db.ProcessingPurposes.AsNoTracking()
            .Where(p => db.Set<ClientExportPurpose>().Any(c => c.ClientId == clientId && c.PurposeId == p.Id))
            .OrderBy(p => p.Name).ToListAsync(context.CancellationToken);
    }
}

public sealed class ClientExportPurposesType : ObjectGraphType<ClientExportPurposes>
{
    public ClientExportPurposesType()
    {
        Name = "ClientExportPurposes";
        Description = "The processing purposes an OAuth client may export for.";
        Field<NonNullGraphType<OAuthClientType>>("client").Resolve(c => c.Source.Client);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcessingPurposeType>>>>("purposes").Resolve(c => c.Source.Purposes);
    }
}

public sealed class SetClientExportPurposesInputType : InputObjectGraphType
{
    public SetClientExportPurposesInputType()
    {
        Name = "SetClientExportPurposesInput";
        Field<NonNullGraphType<IdGraphType>>("clientId");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("purposeIds").Description("Replaces the client's list; empty clears it.");
    }
}
