// A hiredis reply owned by a unique_ptr, and the bytes it holds: for the
// Redis client and the version watch, the two places that talk to Redis
// through hiredis. Internal to interplan_cache (it includes hiredis).
#ifndef INTERPLAN_COMMON_CACHE_HIREDIS_REPLY_H_
#define INTERPLAN_COMMON_CACHE_HIREDIS_REPLY_H_

#include <hiredis/hiredis.h>

#include <memory>
#include <string>

namespace interplan::cache {

struct FreeRedisReply {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReplyPtr = std::unique_ptr<redisReply, FreeRedisReply>;

// The bytes of a string, status or error reply.
inline std::string ReplyText(const redisReply* reply) {
  return std::string(reply->str, reply->len);
}

}  // namespace interplan::cache

#endif  // INTERPLAN_COMMON_CACHE_HIREDIS_REPLY_H_
