// Fuzzes the expression language: parse, compile against a scope of the usual lambda
// names, evaluate on a few values. Any outcome is fine but a crash, a hang or undefined
// behaviour; errors at run time are EvalErrors, caught as the engine catches them.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/expr/expr.h"

using namespace tideline;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ast = expr::Parse(text);
  if (!ast.ok()) return 0;
  expr::Scope scope{"x", "v", "a", "b", "value", "ts"};
  auto compiled = expr::Compile(**ast, scope, text);
  if (!compiled.ok()) return 0;
  Value x = Value::String("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
  Value v = Value::Int(42), a = Value::Double(-1.5e300), b = Value::Array({Value::Int(1), Value::Null()});
  Value value = Value::String("hello world"), ts = Value::Ts(Timestamp::FromMicros(1700000000000000));
  const Value* params[] = {&x, &v, &a, &b, &value, &ts};
  std::vector<Value> slots(static_cast<size_t>(compiled->num_slots()) + 1);
  expr::EvalEnv env;
  env.params = params;
  env.slots = slots.data();
  try {
    (void)compiled->Eval(env);
  } catch (const expr::EvalError&) {
  }
  return 0;
}
