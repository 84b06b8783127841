-- Optional PostgreSQL variant: B-tree indexes mirroring blueshift's sort keys (bench option --pg-indexes).
create index part_p_partkey_idx on part (p_partkey);
create index partsupp_ps_partkey_idx on partsupp (ps_partkey);
create index customer_c_custkey_idx on customer (c_custkey);
create index orders_o_orderdate_idx on orders (o_orderdate);
create index lineitem_l_shipdate_idx on lineitem (l_shipdate);
create index supplier_s_suppkey_idx on supplier (s_suppkey);
create index nation_n_nationkey_idx on nation (n_nationkey);
create index region_r_regionkey_idx on region (r_regionkey);
analyze;
