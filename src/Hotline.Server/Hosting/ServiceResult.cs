using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.Hosting;

/// <summary>Why a request was not carried out; decides the HTTP status of its ProblemDetails.</summary>
public enum ProblemKind
{
    NotFound,
    Forbidden,
    Conflict,
    /// <summary>The request itself is wrong: <see cref="ServiceProblem.Errors"/> says which fields (400, validation problem).</summary>
    Invalid,
}

/// <summary>
/// Why a feature did not do what was asked: a kind, a title in French (for people), field errors for an
/// invalid request, and extensions for clients (e.g. the current state after a lost race).
/// </summary>
public sealed record ServiceProblem(
    ProblemKind Kind, string Title, IDictionary<string, string[]>? Errors = null, IReadOnlyDictionary<string, object?>? Extensions = null)
{
    public static ServiceProblem Invalid(string title, string field, string message) =>
        new(ProblemKind.Invalid, title, new Dictionary<string, string[]> { [field] = [message] });

    public int StatusCode => Kind switch
    {
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Forbidden => StatusCodes.Status403Forbidden,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        _ => StatusCodes.Status400BadRequest,
    };

    public ProblemHttpResult ToProblem() =>
        TypedResults.Problem(statusCode: StatusCode, title: Title, extensions: Extensions);

    public ValidationProblem ToValidationProblem() =>
        TypedResults.ValidationProblem(Errors ?? new Dictionary<string, string[]>(), title: Title, extensions: Extensions);
}

/// <summary>What a feature's operation returns: its value, or the problem that prevented it. Shared by the features' services.</summary>
public sealed record ServiceResult<T>(T? Value, ServiceProblem? Problem, bool Created = false)
    where T : class
{
    public static implicit operator ServiceResult<T>(ServiceProblem problem) => new(null, problem);
}

public static class ServiceResult
{
    public static ServiceResult<T> Ok<T>(T value, bool created = false)
        where T : class => new(value, null, created);
}
