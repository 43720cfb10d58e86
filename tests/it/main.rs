mod call_types;
