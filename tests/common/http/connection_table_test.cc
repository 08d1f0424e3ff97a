// The connection table's decisions: who gets a socket when the limits are
// reached (the longest idle connection makes room; busy ones never do),
// and the buffer budget.
#include "common/http/connection_table.h"

#include "gtest/gtest.h"

namespace interplan::http {
namespace {

TEST(ConnectionTableTest, AdmitsUnderTheLimits) {
  ConnectionTable table({.max_connections = 3, .max_per_client = 2, .max_buffered_bytes = 10});
  ConnectionTable::Admission admission = table.Admit("10.0.0.1");
  EXPECT_TRUE(admission.admit);
  EXPECT_FALSE(admission.evict.has_value());
  table.Add(1, "10.0.0.1");
  EXPECT_EQ(table.size(), 1u);
  EXPECT_EQ(table.connections_of("10.0.0.1"), 1u);
}

TEST(ConnectionTableTest, WhenFullTheLongestIdleMakesRoom) {
  ConnectionTable table({.max_connections = 3, .max_per_client = 3, .max_buffered_bytes = 10});
  table.Add(1, "a");
  table.Add(2, "b");
  table.Add(3, "c");
  EXPECT_FALSE(table.Admit("d").admit);  // all busy: refused
  table.MarkIdle(2);
  table.MarkIdle(3);
  table.MarkIdle(1);
  ConnectionTable::Admission admission = table.Admit("d");
  ASSERT_TRUE(admission.admit);
  EXPECT_EQ(admission.evict, 2u);
  // Busy again (a request started): no longer evictable.
  table.MarkBusy(2);
  EXPECT_EQ(table.Admit("d").evict, 3u);
  table.Remove(3);
  EXPECT_FALSE(table.Admit("d").evict.has_value());
  EXPECT_TRUE(table.Admit("d").admit);
}

TEST(ConnectionTableTest, AClientAtItsLimitMakesRoomFromItsOwnIdleOnly) {
  ConnectionTable table({.max_connections = 10, .max_per_client = 2, .max_buffered_bytes = 10});
  table.Add(1, "other");
  table.MarkIdle(1);  // idle longest, but another client's
  table.Add(2, "a");
  table.Add(3, "a");
  EXPECT_FALSE(table.Admit("a").admit);
  EXPECT_TRUE(table.Admit("b").admit);
  table.MarkIdle(3);
  ConnectionTable::Admission admission = table.Admit("a");
  ASSERT_TRUE(admission.admit);
  EXPECT_EQ(admission.evict, 3u);
  table.Remove(3);
  EXPECT_EQ(table.connections_of("a"), 1u);
  EXPECT_FALSE(table.Admit("a").evict.has_value());
  table.Remove(2);
  EXPECT_EQ(table.connections_of("a"), 0u);
  EXPECT_EQ(table.idle(), 1u);
}

TEST(ConnectionTableTest, TheBufferBudgetIsNeverOverdrawn) {
  ConnectionTable table({.max_connections = 10, .max_per_client = 10, .max_buffered_bytes = 100});
  EXPECT_TRUE(table.TryCharge(60));
  EXPECT_FALSE(table.TryCharge(41));
  EXPECT_EQ(table.buffered_bytes(), 60u);
  EXPECT_TRUE(table.TryCharge(40));
  EXPECT_FALSE(table.TryCharge(1));
  table.Release(100);
  EXPECT_EQ(table.buffered_bytes(), 0u);
  table.Release(5);  // never below zero
  EXPECT_EQ(table.buffered_bytes(), 0u);
}

}  // namespace
}  // namespace interplan::http
