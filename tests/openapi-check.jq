# openapi-check.jq -- the errors of a JSON value against a schema of
# docs/openapi.json, one string a line ("$.hits[0].date: number, not
# string"); none when it fits. Run as
#   jq -r --slurpfile spec docs/openapi.json --arg schema SearchAnswer \
#      -f tests/openapi-check.jq answer.json
# The subset of OpenAPI 3.0 schemas the description uses: $ref to
# components, type (a name or a list of names, "null" included), enum,
# properties, required, additionalProperties (false or a schema), items.

def resolve($spec):
  if type == "object" and has("$ref")
  then $spec.components.schemas[.["$ref"] | sub("^#/components/schemas/"; "")]
  else . end;

def jtype:
  if type == "number" then (if . == floor then "integer" else "number" end) else type end;

def type_ok($t):
  jtype as $j
  | ($t | if type == "array" then . else [.] end)
  | any(.[]; . == $j or (. == "number" and $j == "integer"));

def errs($schema; $spec; $path):
  ($schema | resolve($spec)) as $s
  | if ($s.type != null and (type_ok($s.type) | not)) then
      ["\($path): \(jtype), not \($s.type | tostring)"]
    elif ($s.enum != null and (. as $v | $s.enum | any(.[]; . == $v) | not)) then
      ["\($path): \(tojson) is not one of \($s.enum | tojson)"]
    elif type == "object" then
      [($s.required // [])[] as $k | select(has($k) | not) | "\($path): no member \($k)"]
      + [to_entries[] | .key as $k | .value
         | if ($s.properties // {}) | has($k) then errs($s.properties[$k]; $spec; "\($path).\($k)")[]
           elif ($s.additionalProperties | type) == "object" then errs($s.additionalProperties; $spec; "\($path).\($k)")[]
           elif $s.additionalProperties == false then "\($path): member \($k) is not described"
           else empty end]
    elif type == "array" and $s.items != null then
      [to_entries[] | .key as $i | .value | errs($s.items; $spec; "\($path)[\($i)]")[]]
    else [] end;

errs({"$ref": "#/components/schemas/\($schema)"}; $spec[0]; "$")[]
