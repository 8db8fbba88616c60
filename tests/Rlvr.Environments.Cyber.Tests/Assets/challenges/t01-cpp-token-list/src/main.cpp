#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "token_list.hpp"

int main(int argc, char **argv)
{
    bool upper = false;
    const char *path = nullptr;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--upper") == 0) {
            upper = true;
        } else {
            path = argv[i];
        }
    }

    if (path == nullptr) {
        std::cerr << "usage: tokens [--upper] FILE\n";
        return 2;
    }

    std::ifstream in(path);
    TokenList list;
    std::string word;
    while (in >> word) {
        if (!list.add(word)) {
            std::cout << "too many tokens\n";
            break;
        }
    }

    for (std::size_t i = 0; i < list.size(); i++) {
        std::string token(list.at(i));
        if (upper) {
            for (char &c : token) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
        }
        std::cout << token << ' ' << token.size() << '\n';
    }

    return 0;
}
