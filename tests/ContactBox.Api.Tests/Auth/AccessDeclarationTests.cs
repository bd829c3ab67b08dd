using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Tests.Auth;

/// <summary>A root field that says nothing about access stops the schema from starting.</summary>
public sealed class AccessDeclarationTests
{
    [Fact]
    public void A_root_field_without_an_access_declaration_fails_the_schema()
    {
        var query = new ObjectGraphType { Name = "Query" };
        query.Field<StringGraphType>("declared").RequireScopes("contacts.read");
        query.Field<StringGraphType>("open").AllowAnonymous();
        query.Field<StringGraphType>("forgotten");
        var mutation = new ObjectGraphType { Name = "Mutation" };
        mutation.Field<StringGraphType>("signedIn").Authorize();

        var error = Assert.Throws<InvalidOperationException>(() => ContactBoxSchema.RequireAccessDeclarations(query, mutation));

        Assert.Equal("These root fields declare no access (RequireScopes, Authorize or AllowAnonymous): Query.forgotten.", error.Message);
    }
}
