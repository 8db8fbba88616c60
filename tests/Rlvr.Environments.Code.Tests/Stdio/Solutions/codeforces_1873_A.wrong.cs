class Program
{
    static void Main()
    {
        int t = int.Parse(Console.ReadLine().Trim());
        for (int i = 0; i < t; i++)
        {
            Console.ReadLine();
            Console.WriteLine("YES");
        }
    }
}
