mod charts;
mod compare;
mod html_report;
mod satisfaction;
