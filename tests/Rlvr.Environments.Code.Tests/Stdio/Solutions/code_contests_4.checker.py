def check(input, output, answer):
    tokens = output.split()
    if len(tokens) != 1:
        return False
    d = int(tokens[0])
    if answer.split() == ["-1"]:
        return d == -1
    if d < 2:
        return False
    nums = input.split()
    n = int(nums[0])
    return all(int(nums[1 + 2 * i]) % d == 0 or int(nums[2 + 2 * i]) % d == 0 for i in range(n))
