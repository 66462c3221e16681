// runtime/redis-scripts: the Lua the Redis store runs, where a check and its write, or a write and
// its expiry, must be one step that no other instance's command can come between.

/** INCRBY and the expiry of a new counter in one step, so no counter is ever left without one. */
export const addToCounterScript = `
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {count, ttl}`;

/**
 * SADD and the expiry of a new set in one step, returning its size: a member added again (a
 * command resent after its reply was lost) is counted once.
 */
export const addToSetScript = `
redis.call('SADD', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return redis.call('SCARD', KEYS[1])`;

/** A compare and its delete in one step: a holder lets go only of what is still its own. */
export const deleteIfEqualScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** A compare and its new life in one step: a holder keeps only what is still its own. */
export const renewIfEqualScript = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
