#include "token_list.hpp"

#include <cstring>

TokenList::TokenList() : slots_(new char[kSlot * kMaxTokens]), count_(0) {}

TokenList::~TokenList() { delete[] slots_; }

bool TokenList::add(const std::string &word)
{
    if (count_ == kMaxTokens) {
        return false;
    }

    char *slot = slots_ + count_ * kSlot;
    // Copies the word and its terminator into the slot.
    std::memcpy(slot, word.c_str(), word.size() + 1);
    count_++;
    return true;
}
