import { luaScript } from "./lua-script.js";

/**
 * A gate as one script. KEYS[1] the receipt, KEYS[1 + i] the key of step i.
 * ARGV[1] receipt ttl ms, ARGV[2] receipt body, then per step: `t`, amount,
 * limit, ttl ms (`""` for none) for a take; `c` for a once-key; `f` and the
 * expected state (`1`/`0`) for a flag. Every step is checked before any is
 * applied; replies {0, step index (from 0), value seen} for the first
 * refusing step, else {1, value of each step}. Numbers are written from
 * their ARGV strings (Lua would print a large double as `1e+16`); a take's
 * ttl applies only when it creates the counter, INCRBY keeps the expiry.
 */
export const GATE_PASS = luaScript(
  "gates.pass",
  `local n = #KEYS - 1
local kinds, amounts, stored, ttls = {}, {}, {}, {}
local a = 3
for i = 1, n do
  local kind = ARGV[a]
  local key = KEYS[i + 1]
  kinds[i] = kind
  if kind == 't' then
    local value = redis.call('GET', key)
    local current = 0
    if value then current = tonumber(value) end
    if current + tonumber(ARGV[a + 1]) > tonumber(ARGV[a + 2]) then
      return {0, i - 1, current}
    end
    stored[i] = value
    amounts[i] = ARGV[a + 1]
    ttls[i] = ARGV[a + 3]
    a = a + 4
  elseif kind == 'c' then
    if redis.call('EXISTS', key) == 1 then return {0, i - 1, 1} end
    a = a + 1
  else
    local on = redis.call('EXISTS', key)
    if on ~= tonumber(ARGV[a + 1]) then return {0, i - 1, on} end
    stored[i] = on
    a = a + 2
  end
end
local values = {1}
for i = 1, n do
  local key = KEYS[i + 1]
  local kind = kinds[i]
  if kind == 't' then
    if stored[i] then
      values[i + 1] = redis.call('INCRBY', key, amounts[i])
    else
      if ttls[i] == '' then
        redis.call('SET', key, amounts[i])
      else
        redis.call('SET', key, amounts[i], 'PX', ttls[i])
      end
      values[i + 1] = tonumber(amounts[i])
    end
  elseif kind == 'c' then
    redis.call('SET', key, '1')
    values[i + 1] = 1
  else
    values[i + 1] = stored[i]
  end
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
return values`,
);

/**
 * Undoes a gate once. KEYS[1] the receipt, then the counters of its takes,
 * then its once-keys. ARGV[1] the receipt's body as the caller read it,
 * ARGV[2] the number of takes, ARGV[3..] their amounts. Only while the
 * receipt still holds that body it is deleted, each counter given back
 * (floored at 0, keeping its expiry; an expired counter stays absent) and
 * each once-key freed; replies 1 then, else 0 (undone before or expired).
 */
export const GATE_UNDO = luaScript(
  "gates.undo",
  `if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
local takes = tonumber(ARGV[2])
for i = 1, takes do
  local key = KEYS[i + 1]
  local value = redis.call('GET', key)
  if value then
    if tonumber(value) <= tonumber(ARGV[i + 2]) then
      redis.call('DECRBY', key, value)
    else
      redis.call('DECRBY', key, ARGV[i + 2])
    end
  end
end
for i = takes + 2, #KEYS do
  redis.call('DEL', KEYS[i])
end
return 1`,
);
