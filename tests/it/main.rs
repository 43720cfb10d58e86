mod breakeven;
mod money;
mod sweep;
