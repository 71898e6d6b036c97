import json

from graphdb.queries import all_statements

print(json.dumps(all_statements(), indent=1))
