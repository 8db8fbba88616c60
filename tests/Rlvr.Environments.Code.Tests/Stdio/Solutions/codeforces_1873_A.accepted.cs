using System.Text;

int t = int.Parse(Console.ReadLine().Trim());
var sb = new StringBuilder();
for (int i = 0; i < t; i++)
{
    string s = Console.ReadLine().Trim();
    int diff = 0;
    for (int j = 0; j < 3; j++)
    {
        if (s[j] != "abc"[j])
        {
            diff++;
        }
    }

    sb.Append(diff <= 2 ? "YES\n" : "NO\n");
}

Console.Write(sb.ToString());
