using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Hotline.Server.Audit;

/// <summary>Every refused access (403) is audited as denied, with the route it aimed at; then answered as usual.</summary>
internal sealed class DeniedAccessAudit(AuthorizationMiddlewareResultHandler inner) : IAuthorizationMiddlewareResultHandler
{
    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
            var id = context.Request.RouteValues.TryGetValue("id", out var value) ? value?.ToString() : null;
            var action = HttpMethods.IsGet(context.Request.Method) ? AuditAction.Read
                : HttpMethods.IsDelete(context.Request.Method) ? AuditAction.Delete
                : HttpMethods.IsPost(context.Request.Method) ? AuditAction.Create
                : AuditAction.Update;
            await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(
                action, route.Length > 64 ? route[..64] : route, id ?? "-", AuditOutcome.Denied, context.RequestAborted);
        }

        await inner.HandleAsync(next, context, policy, authorizeResult);
    }
}
