grep -rhoa 'rlvr{[0-9a-f]*}' . | tail -n 1
