#ifndef TOKEN_LIST_HPP
#define TOKEN_LIST_HPP

#include <cstddef>
#include <string>

class TokenList {
public:
    static const std::size_t kSlot = 16;
    static const std::size_t kMaxTokens = 64;

    TokenList();
    ~TokenList();
    bool add(const std::string &word);
    std::size_t size() const { return count_; }
    const char *at(std::size_t i) const { return slots_ + i * kSlot; }

private:
    char *slots_;
    std::size_t count_;
};

#endif
