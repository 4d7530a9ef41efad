namespace Hotline.Server.Geography;

/// <summary>A commune the caller's postal code may designate (the first is the most populous).</summary>
public sealed record CommuneChoice(string Code, string Name, string DepartementCode, string DepartementName);
