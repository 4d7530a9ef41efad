using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Hotline.Server.Hosting;

/// <summary>
/// The OpenAPI document of the console's API (<c>/api/...</c>): served at <c>/openapi/v1.json</c> and written at
/// build time into obj/openapi/v1.json; <c>npm run gen:api</c> copies it to src/Hotline.Console/openapi/ and
/// generates the console's TypeScript types from it (./test.sh fails when the committed copies are stale).
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";

    /// <summary>
    /// True while the build writes the document (Microsoft.Extensions.ApiDescription.Server runs the app in
    /// GetDocument.Insider): no database, secret or certificate is there, and nothing may be started.
    /// </summary>
    public static bool IsBuildTimeGeneration { get; } = Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>Declares an extension member a feature writes into its ProblemDetails, for the document.</summary>
    public static IServiceCollection AddProblemExtension(this IServiceCollection services, string name, Type type, string description) =>
        services.AddSingleton(new ProblemExtension(name, type, description));

    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(Name, options =>
        {
            // The console's API only. Twilio's webhooks answer TwiML to a signed form (Twilio's contract, not ours)
            // and health answers probes: neither is called by a client generated from this document.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Hotline API",
                    Version = Name,
                    Description = "The counsellor console's API. Cookie sessions (POST /api/auth/login); unsafe requests carry the "
                        + "token of GET /api/auth/antiforgery in the X-XSRF-TOKEN header. Errors are RFC 9457 problem details "
                        + "whose `code`, when present, is stable: clients match it, never the (French, translatable) title.",
                };
                // The same document wherever it is served or written (the committed copy is compared in CI).
                document.Servers = [];
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer(DescribeSchema);
        });
        return builder;
    }

    /// <summary>
    /// At build time the app runs only to describe its endpoints (with a server that never listens): the start-up
    /// checks of its options (connection string, Twilio, keys) and our background services are left out, so the
    /// build needs no database, secret or certificate. Registrations are kept otherwise: the document is the app's.
    /// </summary>
    public static WebApplicationBuilder WithoutStartupWorkAtBuildTime(this WebApplicationBuilder builder)
    {
        if (!IsBuildTimeGeneration)
        {
            return builder;
        }

        builder.Services.RemoveAll<IStartupValidator>();
        var ours = typeof(ApiDocument).Assembly;
        foreach (var background in builder.Services.Where(descriptor => descriptor.ServiceType == typeof(IHostedService)
            && (descriptor.ImplementationType ?? descriptor.ImplementationFactory?.Method.DeclaringType)?.Assembly == ours).ToList())
        {
            builder.Services.Remove(background);
        }

        return builder;
    }

    /// <summary>Signed-in users of any role may read the document; in Development anyone may.</summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        var endpoint = app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            endpoint.AllowAnonymous();
        }
        else
        {
            endpoint.RequireAuthorization();
        }

        return app;
    }

    /// <summary>
    /// Declares the refusals that come from middleware and filters, before the handler runs (its Results type
    /// declares the others): 401 signed out, 403 role or account gate (<c>password-change-required</c>,
    /// <c>mfa-enrolment-required</c>), 400 <c>antiforgery-invalid</c> on unsafe requests, 429 rate limited.
    /// </summary>
    public static TBuilder WithApiProblems<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // Finally: after the endpoint's own conventions (AllowAnonymous, RequireRateLimiting) and its Results metadata.
        builder.Finally(endpoint =>
        {
            var metadata = endpoint.Metadata;
            var declared = metadata.OfType<IProducesResponseTypeMetadata>().Select(m => m.StatusCode).ToHashSet();
            void Add(int status)
            {
                if (declared.Add(status))
                {
                    metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
                }
            }

            var methods = metadata.OfType<HttpMethodMetadata>().LastOrDefault()?.HttpMethods ?? [];
            var unsafeMethod = methods.Any(m => !(HttpMethods.IsGet(m) || HttpMethods.IsHead(m) || HttpMethods.IsOptions(m)));
            if (metadata.OfType<IAllowAnonymous>().Any() is false)
            {
                Add(StatusCodes.Status401Unauthorized);
                Add(StatusCodes.Status403Forbidden);
                if (unsafeMethod)
                {
                    Add(StatusCodes.Status400BadRequest);
                }
            }

            if (metadata.OfType<EnableRateLimitingAttribute>().Any())
            {
                Add(StatusCodes.Status429TooManyRequests);
            }
        });
        return builder;
    }

    private static async Task DescribeSchema(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Numbers are written as numbers. The server also reads them from strings (the web defaults), a leniency no
        // client should rely on: the document says number.
        if (schema.Type is { } type && type.HasFlag(JsonSchemaType.String) && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }

        // An enum is one component, named after the enum: nullable uses say so where they are (oneOf null), so the
        // component lists the values only, even when the first use that made it was nullable.
        if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type).IsEnum && schema.Enum is { } values)
        {
            foreach (var missing in values.Where(value => value is null).ToList())
            {
                values.Remove(missing);
            }

            if (schema.Type is { } enumType)
            {
                schema.Type = enumType & ~JsonSchemaType.Null;
            }
        }

        if (context.JsonPropertyInfo is not null || schema.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        if (typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            // The extensions our server writes; only `code` is meant for clients to branch on.
            properties["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "A stable, machine-readable reason (e.g. antiforgery-invalid, two-factor-required, "
                    + "password-change-required): clients match it, never the title.",
            };
            properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The request's trace identifier, for the logs." };
            // Features declare the extensions they write (AddProblemExtension): Hosting names none of their types.
            foreach (var extension in context.ApplicationServices.GetServices<ProblemExtension>())
            {
                properties[extension.Name] = await Described(extension.Type, extension.Description);
            }
            return;
        }

        // The server writes every property of its DTOs, nulls included: a client may rely on each one being there
        // (nullable ones say so in their type). Request bodies are described the same way: the console sends them whole.
        schema.Required ??= new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in properties.Keys)
        {
            schema.Required.Add(name);
        }

        async Task<IOpenApiSchema> Described(Type type, string description)
        {
            var described = await context.GetOrCreateSchemaAsync(type, cancellationToken: cancellationToken);
            described.Description = description;
            return described;
        }
    }
}

/// <summary>An extension member of the ProblemDetails a feature answers (e.g. a referral's state on a 409).</summary>
public sealed record ProblemExtension(string Name, Type Type, string Description);
