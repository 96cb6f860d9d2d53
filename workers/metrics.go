package workers

import (
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
)

// QueueCollector exports asynq queue depths at scrape time, so /metrics
// shows backlog per queue and state without a polling loop.
type QueueCollector struct {
	insp  *asynq.Inspector
	depth *prometheus.Desc
}

// NewQueueCollector reads queue sizes through rdb.
func NewQueueCollector(rdb redis.UniversalClient) *QueueCollector {
	return &QueueCollector{
		insp: asynq.NewInspectorFromRedisClient(rdb),
		depth: prometheus.NewDesc("kefu_queue_tasks", "Tasks in each asynq queue by state.",
			[]string{"queue", "state"}, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *QueueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.depth }

// Collect implements prometheus.Collector; a queue that does not exist yet
// reports zeros.
func (c *QueueCollector) Collect(ch chan<- prometheus.Metric) {
	for q := range Queues {
		info, err := c.insp.GetQueueInfo(q)
		states := map[string]int{}
		if err == nil {
			states = map[string]int{"pending": info.Pending, "scheduled": info.Scheduled, "active": info.Active,
				"retry": info.Retry, "archived": info.Archived}
		}
		for _, s := range []string{"pending", "scheduled", "active", "retry", "archived"} {
			ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(states[s]), q, s)
		}
	}
}
