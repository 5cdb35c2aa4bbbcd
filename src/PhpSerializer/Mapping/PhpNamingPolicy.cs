using System.Text;

namespace PhpSerializer;

/// <summary>Turns .NET member names into PHP property names (applied when no <see cref="PhpPropertyAttribute.Name"/> is given).</summary>
public abstract class PhpNamingPolicy
{
    /// <summary>Creates a policy.</summary>
    protected PhpNamingPolicy() { }

    /// <summary><c>UserName</c> becomes <c>userName</c>.</summary>
    public static PhpNamingPolicy CamelCase { get; } = new CamelCasePolicy();

    /// <summary><c>UserName</c> becomes <c>user_name</c>.</summary>
    public static PhpNamingPolicy SnakeCaseLower { get; } = new SnakeCasePolicy();

    /// <summary>Returns the PHP name for a .NET member name.</summary>
    public abstract string ConvertName(string name);

    private sealed class CamelCasePolicy : PhpNamingPolicy
    {
        public override string ConvertName(string name)
        {
            if (string.IsNullOrEmpty(name) || !char.IsUpper(name[0])) return name;
            var chars = name.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                // lower the leading run of capitals, keeping the last one of a run followed by lowercase ("URLValue" -> "urlValue")
                if (i > 0 && i + 1 < chars.Length && !char.IsUpper(chars[i + 1]) && char.IsUpper(chars[i])) break;
                if (!char.IsUpper(chars[i])) break;
                chars[i] = char.ToLowerInvariant(chars[i]);
            }
            return new string(chars);
        }
    }

    private sealed class SnakeCasePolicy : PhpNamingPolicy
    {
        public override string ConvertName(string name)
        {
            var sb = new StringBuilder(name.Length + 4);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (char.IsUpper(c))
                {
                    bool boundary = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1])));
                    if (boundary && sb.Length > 0 && sb[^1] != '_') sb.Append('_');
                    sb.Append(char.ToLowerInvariant(c));
                }
                else sb.Append(c);
            }
            return sb.ToString();
        }
    }
}
